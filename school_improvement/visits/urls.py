from django.urls import path

from school_improvement.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("qa/", views.qa_queue, name="qa-queue"),
    path("qa/draw/", views.qa_draw, name="qa-draw"),
    path("qa/<int:pk>/", views.qa_review, name="qa-review"),
    path("<int:pk>/", views.visit_detail, name="visit"),
    path("<int:pk>/report/", views.report_write, name="report"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/date/", views.schedule, name="schedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/quality-assurance/", views.qa_request_view, name="qa-request"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:visit_type>/", views.template_edit, name="template"),
    path("<int:pk>/visit.ics", views.ics, name="ics"),
    path("calendar/rotate/", views.feed_rotate, name="feed-rotate"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting-ics"),
]
