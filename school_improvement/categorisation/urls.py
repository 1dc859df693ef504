from django.urls import path, register_converter

from school_improvement.categorisation import views


class LetterFormat:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LetterScope:
    regex = "changed|all"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LetterFormat, "fmt")
register_converter(LetterScope, "scope")

app_name = "categorisation"
urlpatterns = [
    path("", views.board, name="board"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/publish/", views.run_publish_view, name="run-publish"),
    path("policies/<slug:name>/", views.policy_page, name="policy"),
    path("runs/<int:pk>/letters/", views.letters, name="letters"),
    path(
        "runs/<int:pk>/letters/<scope:scope>.<fmt:fmt>.zip",
        views.letters_zip,
        name="letters-zip",
    ),
    path(
        "runs/<int:pk>/letters/<str:urn>.<fmt:fmt>",
        views.letter_download,
        name="letter",
    ),
    path("letter-template/", views.letter_template, name="letter-template"),
    path("overrides/", views.overrides, name="overrides"),
    path(
        "overrides/<int:pk>/decide/", views.override_decide_view, name="override-decide"
    ),
    path("position-statement/", views.position_statement, name="position-statement"),
    path("schools/<str:urn>/", views.school_category, name="school"),
    path(
        "schools/<str:urn>/propose/",
        views.override_propose_view,
        name="override-propose",
    ),
    path(
        "schools/<str:urn>/judgements/add/", views.judgement_add, name="judgement-add"
    ),
]
