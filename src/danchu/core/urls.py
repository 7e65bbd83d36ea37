from django.contrib.auth import views as auth_views
from django.urls import path

from danchu.core import views, views_login

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("login/", views_login.LoginView.as_view(), name="login"),
    path("login/code/", views_login.login_code, name="login_code"),
    path("account/two-factor/", views_login.two_factor, name="two_factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/members/", views.membership_add, name="membership_add"),
    path("units/<int:pk>/calendar/", views.calendar_day_add, name="calendar_day_add"),
    path("calendar-days/<int:pk>/remove/", views.calendar_day_remove, name="calendar_day_remove"),
    path("units/<int:pk>/rules/new/", views.rule_add, name="rule_add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/active/", views.person_set_active, name="person_set_active"),
    path("people/<int:pk>/unlock/", views.person_unlock, name="person_unlock"),
    path("units/<int:pk>/people/new/", views.person_join, name="person_join"),
    path("units/<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("rules/", views.rule_list, name="rule_list"),
    path("audit/", views.audit_list, name="audit_list"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
