"""The CLI reference (`docs/cli.md`), made from the Typer app itself so that it cannot drift:
`python -m extractor.cli_reference > docs/cli.md` (`make docs`); a test checks the file is current."""

from __future__ import annotations

import sys

import typer.main
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from extractor.cli import app

Parameter = TyperOption | TyperArgument

HEADER = ("# Command-line reference\n\nMade from the code by `python -m extractor.cli_reference` "
          "(`make docs`); `tests/test_cli_reference.py` fails when it is out of date. Exit codes: "
          "README, *Exit codes*.\n")


def _default(param: Parameter) -> str:
    default = param.default
    if isinstance(param, TyperOption) and param.secondary_opts and isinstance(default, bool):
        return f"`{param.opts[0] if default else param.secondary_opts[0]}`"  # an on/off flag
    if default is None or default == "" or callable(default) or default == ():
        return ""
    return f"`{default}`"


def _names(param: Parameter) -> str:
    if isinstance(param, TyperOption):
        return " / ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    return f"`{(param.name or '').upper()}`"


def _param_row(param: Parameter) -> str:
    help_text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
    required = "yes" if param.required else ""
    return f"| {_names(param)} | {help_text} | {_default(param)} | {required} |"


def _command_section(name: str, command: TyperCommand) -> list[str]:
    lines = [f"## `extractor {name}`", "", (command.help or "").strip(), ""]
    params = [p for p in command.params if isinstance(p, Parameter) and not getattr(p, "hidden", False)]
    if params:
        lines += ["| argument / option | meaning | default | required |", "| --- | --- | --- | --- |"]
        lines += [_param_row(param) for param in params]
        lines.append("")
    return lines


def reference() -> str:
    group = typer.main.get_command(app)
    if not isinstance(group, TyperGroup):
        raise TypeError("the CLI is expected to be a group of commands")
    context = group.make_context("extractor", [], resilient_parsing=True)
    lines = [HEADER]
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, TyperCommand) and not command.hidden:
            lines += _command_section(name, command)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(reference())
