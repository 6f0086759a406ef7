"""The package's boundaries, read from the source with `ast` (an import inside a function
counts too): who may import reports, views never import a command module, flashcards asks the
quiz package only about holds, the domain knows nothing of Flask, and a SQLAlchemy Session is
always called `session` (quizapp/db.py states that rule)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import quizapp

ROOT = Path(quizapp.__file__).parent


@dataclass(frozen=True)
class Module:
    path: str  # relative to the package: "flashcards/routes.py"
    tree: ast.Module

    @property
    def name(self) -> str:
        parts = ["quizapp", *Path(self.path).with_suffix("").parts]
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> list[Module]:
    return [
        Module(path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(ROOT.rglob("*.py"))
    ]


def imports(module: Module) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything an import statement may bring in: the module it names
    and, for `from M import n`, M.n too (n may be a submodule)."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.name.split(".")
                if not module.path.endswith("__init__.py"):
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield node.lineno, source
            for alias in node.names:
                yield node.lineno, f"{source}.{alias.name}"


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def importing(modules: list[Module], prefixes: tuple[str, ...]) -> Iterator[str]:
    for module in modules:
        lines = sorted(
            {line for line, name in imports(module) if any(within(name, p) for p in prefixes)}
        )
        for line in lines:
            yield f"quizapp/{module.path}:{line}"


# Reports only reads: the app factory registers its blueprint and commands, and the teacher's
# pages show its reports. No feature imports it.
REPORTS_READERS = ("__init__.py", "teacher/")


def reports_importers(modules: list[Module]) -> list[str]:
    outside = [
        m
        for m in modules
        if not m.path.startswith("reports/") and not m.path.startswith(REPORTS_READERS)
    ]
    return list(importing(outside, ("quizapp.reports",)))


def is_view(module: Module) -> bool:
    return module.path.startswith("teacher/") or Path(module.path).name in ("routes.py", "pages.py")


def views_importing_commands(modules: list[Module]) -> list[str]:
    found = []
    for module in filter(is_view, modules):
        for line, name in imports(module):
            if name.split(".")[-1] == "commands" or ".commands." in name:
                found.append(f"quizapp/{module.path}:{line}")
    return sorted(set(found))


def flashcards_importing_quiz_rules(modules: list[Module]) -> list[str]:
    flashcards = [m for m in modules if m.path.startswith("flashcards/")]
    return list(importing(flashcards, ("quizapp.quiz.rules", "quizapp.quiz.service")))


# Where Flask is allowed: views, CLI commands, forms, and the app's own plumbing. Every other
# module is domain logic and must not import it.
FLASK = ("flask", "flask_login", "flask_wtf", "flask_limiter")
EDGE_FILES = ("routes.py", "pages.py", "commands.py", "forms.py")
EDGE_PLUMBING = {
    "__init__.py",
    "cli.py",
    "config.py",
    "db.py",
    "extensions.py",
    "formfields.py",
    "guard.py",
    "ratelimit.py",
    "security.py",
    "templating.py",
    "errors/handlers.py",
    "flashcards/jobs.py",  # runs a background job in an app context
}
# Named, so that widening the edge above cannot quietly take one of them in.
DOMAIN = (
    "questions/grading.py",
    "questions/bank.py",
    "questions/reader.py",
    "questions/run.py",
    "questions/nodes.py",
    "questions/types/",
    "flashcards/scheduling.py",
    "reports/statistics.py",
)


def is_edge(module: Module) -> bool:
    return is_view(module) or Path(module.path).name in EDGE_FILES or module.path in EDGE_PLUMBING


def domain_importing_flask(modules: list[Module]) -> list[str]:
    return list(importing([m for m in modules if not is_edge(m)], FLASK))


def _annotation_names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _annotation_names(ast.parse(node.value, mode="eval").body)
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def _calls_get_session(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "get_session") or (
        isinstance(func, ast.Attribute) and func.attr == "get_session"
    )


def session_misnamed(modules: list[Module]) -> list[str]:
    """A Session held under another name than `session`, or Flask's cookie session imported
    under that name."""
    found = []
    for module in modules:
        where = f"quizapp/{module.path}"
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and _calls_get_session(node.value):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if names != ["session"]:
                    found.append(f"{where}:{node.lineno}: {names} = get_session()")
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                for arg in arguments:
                    if "Session" in _annotation_names(arg.annotation) and arg.arg != "session":
                        found.append(f"{where}:{arg.lineno}: parameter {arg.arg}: Session")
            elif isinstance(node, ast.ImportFrom) and node.module == "flask":
                for alias in node.names:
                    if alias.name == "session" and alias.asname != "flask_session":
                        found.append(f"{where}:{node.lineno}: flask's session not as flask_session")
    return found


RULES: dict[str, Callable[[list[Module]], list[str]]] = {
    "a feature imports reports": reports_importers,
    "a view imports a command module": views_importing_commands,
    "flashcards imports quiz.rules or quiz.service": flashcards_importing_quiz_rules,
    "a domain module imports Flask": domain_importing_flask,
    "a Session is not called session": session_misnamed,
}


def test_the_package_keeps_its_boundaries():
    modules = package_modules()
    assert len(modules) > 100  # the walk found the package
    broken = {rule: found for rule, check in RULES.items() if (found := check(modules))}
    assert broken == {}


def test_the_named_domain_modules_are_held_to_the_no_flask_rule():
    modules = package_modules()
    domain = [m for m in modules if m.path.startswith(DOMAIN)]
    assert len(domain) >= len(DOMAIN)
    assert [m.path for m in domain if is_edge(m)] == []


def _module(path: str, source: str) -> Module:
    return Module(path, ast.parse(source))


def test_each_rule_catches_the_import_it_forbids():
    """Each check on a module that breaks it (the checks would fail the suite)."""
    cases = {
        "a feature imports reports": ("quiz/service.py", "from quizapp import reports\n"),
        "a view imports a command module": (
            "teacher/decks.py",
            "def f():\n    from quizapp.questions.commands import known_decks\n",
        ),
        "flashcards imports quiz.rules or quiz.service": (
            "flashcards/fronts.py",
            "from quizapp.quiz import holds, rules\n",
        ),
        "a domain module imports Flask": ("questions/grading.py", "import flask\n"),
        "a Session is not called session": (
            "auth/routes.py",
            "from flask import session\ndef f(db: Session):\n    db = get_session()\n",
        ),
    }
    for rule, (path, source) in cases.items():
        assert RULES[rule]([_module(path, source)]), rule
    relative = _module("flashcards/routes.py", "from ..quiz.rules import MAX_TEXT\n")
    assert flashcards_importing_quiz_rules([relative]) == ["quizapp/flashcards/routes.py:1"]
    allowed = _module("flashcards/routes.py", "from quizapp.quiz import holds\n")
    assert flashcards_importing_quiz_rules([allowed]) == []
