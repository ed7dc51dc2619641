"""Every mail goes through community.messaging: no other module calls Django's mail API.

A mail sent any other way skips the recipient's language, the outbox, the retries and the person's
mail choices. Tests may read django.core.mail.outbox; they are not searched.
"""

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = ("community/messaging/",)
MAIL_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}


def _is_test(path: str) -> bool:
    parts = path.split("/")
    return "tests" in parts or parts[-1].startswith("test_") or parts[-1] == "conftest.py"


def _mail_uses(source: str) -> list[str]:
    """Imports of django.core.mail, calls of its functions and fail_silently=, with line numbers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.startswith("django.core.mail") or (
                node.module == "django.core" and "mail" in names
            ):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.startswith("django.core.mail")
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MAIL_NAMES:
                found.append(f"line {node.lineno}: calls {name}()")
            if any(keyword.arg == "fail_silently" for keyword in node.keywords):
                found.append(f"line {node.lineno}: fail_silently=")
    return found


def test_no_module_outside_messaging_calls_djangos_mail_api():
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "community/messaging/delivery.py" in tracked, "git lists the modules"
    offending = {
        path: uses
        for path in tracked
        if not path.startswith(ALLOWED) and not _is_test(path) and "/migrations/" not in path
        for uses in [_mail_uses((ROOT / path).read_text())]
        if uses
    }
    assert not offending, f"send these through community.messaging.send_message: {offending}"


def test_the_search_sees_each_way_of_sending_mail():
    sample = (
        "from django.core.mail import send_mail\n"
        "from django.core import mail\n"
        "import django.core.mail.message\n"
        "def f(adapter):\n"
        "    mail.EmailMessage('s', 'b', None, ['a@example.dk']).send(fail_silently=True)\n"
        "    adapter.send_mail('prefix', 'a@example.dk', {})\n"
    )
    uses = " ".join(_mail_uses(sample))
    for expected in (
        "from django.core.mail import send_mail",
        "from django.core import mail",
        "import django.core.mail.message",
        "calls EmailMessage()",
        "fail_silently=",
        "calls send_mail()",
    ):
        assert expected in uses
