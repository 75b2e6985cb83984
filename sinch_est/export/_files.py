"""The text of the exported project's files: ``__main__.py``, ``Pulumi.yaml``, ``requirements.txt``, ``README.md``.

Nothing in them depends on the time or the order the API listed things in, so exporting the same estate twice
gives the same bytes, and a change shows up as a diff of just that change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from sinch_est.export._program import Program
from sinch_est.export._select import Selection
from sinch_est.export._source import declaration, string

__all__ = ["Context", "main_py", "pulumi_yaml", "readme", "requirements_txt"]


def _version() -> str:
    try:
        return version("sinch-est")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class Context:
    """What the files say besides the program: the Pulumi project name, the filters, non-default API URLs."""

    project_name: str
    selection: Selection
    urls: tuple[tuple[str, str], ...] = ()
    """(stack config key, URL) for each API URL that is not Sinch's, e.g. the emulator's."""


def _heading(title: str) -> str:
    return f"# --- {title}"


def main_py(program: Program) -> str:
    """The program: a docstring, the imports, one section per kind or trunk, the trunks' domains as outputs."""
    opts = program.options
    if opts.adopt:
        how = (
            "Every resource takes over the live object its adopt_id names, so the first `pulumi up`\n"
            "adopts the estate without changing it."
        )
    else:
        affix = _affix_words(program)
        how = f"`pulumi up` creates every object anew in the stack's project{affix}."
    doc = (
        f'"""Sinch Elastic SIP Trunking estate of project {program.project_id}, exported by `sinch-est export`.\n\n'
        f"{how}\nSIP passwords come from stack config secrets; README.md lists what to set first.\n"
        '"""'
    )
    parts = [doc, "import pulumi\nimport sinch_est as est"]
    if program.passwords:
        parts.append("config = pulumi.Config()")
    for section in program.sections:
        body = "\n\n".join(declaration(d) for d in section.declarations)
        parts.append(f"{_heading(section.title)}\n\n{body}")
    if program.domains:
        outputs = "\n".join(f"pulumi.export({string(v + '_domain')}, {v}.domain)" for v, _ in program.domains)
        parts.append(f"{_heading('SIP domains')}\n\n{outputs}")
    return "\n\n".join(parts) + "\n"


def _affix_words(program: Program) -> str:
    opts = program.options
    given = [f"prefix {opts.host_name_prefix!r}" if opts.host_name_prefix else ""]
    given.append(f"suffix {opts.host_name_suffix!r}" if opts.host_name_suffix else "")
    words = " and ".join(g for g in given if g)
    return f", with host names given the {words}" if words else ""


def pulumi_yaml(context: Context) -> str:
    description = "A Sinch Elastic SIP Trunking estate exported by sinch-est"
    return f"name: {context.project_name}\nruntime: python\ndescription: {json.dumps(description)}\n"


def requirements_txt() -> str:
    return f"sinch-est>={_version()}\n"


def _filters(selection: Selection) -> list[str]:
    lines = []
    if selection.patterns:
        shown = ", ".join(f"`{p.text}`" for p in selection.patterns)
        lines.append(
            f"- Only the trunks whose name or host name matches {shown}, with the endpoints, numbers and links "
            "they have and the lists they use. Lists no chosen trunk uses are left out."
        )
    if selection.excluded:
        lines.append(f"- Left out on request: {', '.join(sorted(selection.excluded))}.")
    return lines


def readme(program: Program, context: Context) -> str:
    """What was exported, what the user must still supply, and the commands to get to a first `pulumi up`."""
    adopt = program.options.adopt
    counts = program.counts()
    out = [f"# Sinch EST estate of project `{program.project_id}`", ""]
    if adopt:
        out.append(
            "Exported by `sinch-est export`: a Pulumi project (`Pulumi.yaml`, `__main__.py`) that takes over the "
            "live objects below. Every resource carries the `adopt_id` of its object, so the first `pulumi up` "
            "adopts the estate and changes nothing."
        )
    else:
        out.append(
            "Exported by `sinch-est export --no-adopt`: a Pulumi project (`Pulumi.yaml`, `__main__.py`) that "
            f"recreates the estate below in another project{_affix_words(program)}. It has no `adopt_id`: "
            "`pulumi up` creates every object."
        )
    out += ["", "| resource | count |", "|---|---|"]
    out += [f"| `{cls}` | {n} |" for cls, n in counts.items()]
    out.append(f"| total | {sum(counts.values())} |")
    if program.domains:
        out += ["", "| trunk | SIP domain |", "|---|---|"]
        out += [f"| `{variable}` | `{domain}` |" for variable, domain in program.domains]
    out += ["", "## What was left out", ""]
    out += _filters(context.selection)
    out += [
        "- Country permissions that are as in a new project (US and Canada allowed, every other country "
        "blocked): only the ones that differ are declared.",
        "- Read-only values (ids, calls per second, timestamps), and call history.",
        "- Which route assigned a number: numbers are declared with the default EST route (`via`).",
        "- SIP passwords: the API never returns them. You supply them below.",
    ]
    out += ["", "## Before the first `pulumi up`", "", "Install the package and create a stack:", "", "```sh"]
    project = program.project_id if adopt else "<target project id>"
    out += [
        "pip install -r requirements.txt",
        "pulumi stack init <stack name>",
        f"pulumi config set sinch:projectId {project}",
        "pulumi config set sinch:keyId <your access key id>",
        "pulumi config set --secret sinch:keySecret '<your access key secret>'",
    ]
    out += [f"pulumi config set {key} {url}" for key, url in context.urls]
    out.append("```")
    if program.passwords:
        out += ["", "Set each SIP password, one stack secret per credential:", "", "```sh"]
        out += [
            f"pulumi config set --secret {p.key} '<password of {_shell_safe(p.username)} in "
            f"{_shell_safe(p.credential_list)}>'"
            for p in program.passwords
        ]
        out.append("```")
        if adopt:
            out += [
                "",
                "Give the passwords the phones and PBXs use today: Pulumi sets a credential's password from this "
                "config whenever it writes it, and a different one would lock those devices out.",
            ]
    out += ["", "Then:", "", "```sh", "pulumi preview", "pulumi up", "pulumi preview --expect-no-changes", "```", ""]
    if adopt:
        out.append(
            "`pulumi preview` lists every resource as a create: with `adopt_id` that means taking the object "
            "over, not making a new one. If the estate changed since the export, export again so that the "
            "program matches it. After the first `pulumi up` the objects are "
            "in the stack's state and `adopt_id` has done its work: keep it or delete it, either changes nothing."
        )
    else:
        out.append(
            "The target project must own the phone numbers (leave them out with `--exclude phone-numbers` "
            "otherwise), and host names are unique across Sinch: that is what the prefix or suffix is for."
        )
    if program.warnings:
        out += ["", "## Check these", ""]
        out += [f"- {w}" for w in program.warnings]
    return "\n".join(out) + "\n"


def _shell_safe(text: str) -> str:
    """``text`` for inside single quotes in a shell command, where a quote would end the string."""
    return text.replace("'", "")
