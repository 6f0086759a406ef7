"""The account forms. Field rules beyond presence live in accounts.py and passwords.py."""

from __future__ import annotations

from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from quizapp.auth.passwords import MAX_LENGTH
from quizapp.formfields import Form
from quizapp.models import Role


class LoginForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])


class RegisterForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(message="Choose a password.")])
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )


class RoleForm(Form):
    role = SelectField("Role", choices=[role.value for role in Role])


class ChangePasswordForm(Form):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password = PasswordField(
        "New password", validators=[DataRequired(message="Choose a new password.")]
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
