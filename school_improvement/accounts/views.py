from __future__ import annotations

from django.contrib.auth import views as auth_views

from school_improvement.accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires, so a link cannot sign you out)."""
