"""Renders the AWS CLI's authored examples as its help pages show them (used by import-examples.js).

Usage: python3 render-examples.py ROOT   (ROOT holds awscli/examples/<service>/<command>.rst)
Prints JSON: {"<service>": {"<command>": text}}, text being a page's EXAMPLES section as `groff -T ascii`
prints it (overstrikes removed), without its heading. Nested commands are keyed by path (`wait/<waiter>`).

The section is made by the installed CLI's own code, its doc-examples handler pointed at ROOT, inside the
page the CLI builds for that command, then docutils' man writer and groff, as awscli/help.py's
PosixHelpRenderer does. The whole page matters: groff spreads the spaces of a justified line from the left
and from the right by turns, over the whole page, so a section rendered alone could differ from the CLI's
in every other line. A command the installed CLI does not have gets a small page of the same shape.
"""
import json
import multiprocessing
import os
import re
import subprocess
import sys

import awscli
from awscli import clidriver, help as awshelp
from awscli.bcdoc.restdoc import ReSTDocument
from awscli.customizations import addexamples
from docutils.core import publish_string
from docutils.writers import manpage

root = sys.argv[1]
examples = os.path.join(root, 'awscli', 'examples')
# The handler finds files beside its own module (<package>/examples): place it, for this run, in ROOT.
addexamples.__file__ = os.path.join(root, 'awscli', 'customizations', 'addexamples.py')

OVERSTRIKE = re.compile(r'.\x08')
HEADING = re.compile(r'^[A-Z][A-Z ]*$')


class Keep(awshelp.PosixHelpRenderer):
    """Keeps the page's ReST instead of showing it."""

    def render(self, contents):
        self.contents = contents


class SmallPage:
    """What the handler reads of a help command: the document and the event class naming the file."""

    def __init__(self, event_class):
        self.doc = ReSTDocument(target='man')
        self.event_class = event_class


driver = clidriver.create_clidriver()


def subcommands(command):
    return command.subcommand_table if hasattr(command, 'subcommand_table') else command._get_command_table()


def cli_page(service, path):
    command = driver._get_command_table()[service]
    for name in path:
        command = subcommands(command)[name]
    help_command = command.create_help_command()
    help_command.renderer = Keep()
    help_command(None, None)
    return help_command.renderer.contents


def small_page(service, path):
    page = SmallPage('.'.join([service, *path]))
    page.doc.style.h1(path[-1])
    page.doc.style.h2('Description')
    page.doc.write('-\n')
    addexamples.add_examples(page)
    page.doc.style.h2('Output')
    page.doc.write('None\n')
    return page.doc.getvalue()


def section(job):
    """The job's section and where it was rendered; a failure is reported and leaves the command out."""
    try:
        return render(*job)
    except Exception as error:
        print(f'{job[0]} {" ".join(job[1])}: {error!r}', file=sys.stderr)
        return None, 'failed'


def render(service, path):
    try:
        source, origin = cli_page(service, path), 'page'
    except Exception:  # not a command of the installed CLI (newer than it), or its page cannot be built
        source, origin = small_page(service, path), 'small'
    man = publish_string(source, writer=manpage.Writer(), settings_overrides={'report_level': 3})
    out = subprocess.run(['groff', '-m', 'man', '-T', 'ascii'], input=man, capture_output=True, check=True)
    lines = OVERSTRIKE.sub('', out.stdout.decode('utf-8')).split('\n')
    if 'EXAMPLES' not in lines:
        return None, origin
    start = lines.index('EXAMPLES') + 1
    # The next section's heading, or, where EXAMPLES is the last section, the page's footer line (the
    # section then ends, as the others do, with one blank line).
    end = next((i for i in range(start, len(lines)) if HEADING.match(lines[i])), None)
    if end is None:
        body = lines[start : max(i for i, line in enumerate(lines) if line.strip())]
        while body and not body[-1]:
            body.pop()
        return '\n'.join([*body, '']), origin
    return '\n'.join(lines[start:end]), origin


def main():
    jobs = []
    for service in sorted(os.listdir(examples)):
        base = os.path.join(examples, service)
        if not os.path.isdir(base):
            continue
        for dirpath, _, files in os.walk(base):
            rel = os.path.relpath(dirpath, base)
            prefix = [] if rel == '.' else rel.split(os.sep)
            for name in sorted(files):
                # `_description.rst` and the like are pieces of hand-written commands' pages, not examples.
                if name.endswith('.rst') and not name.startswith('_'):
                    jobs.append((service, [*prefix, name[: -len('.rst')]]))
    with multiprocessing.get_context('fork').Pool(int(os.environ.get('JOBS', '2'))) as pool:
        rendered = pool.map(section, jobs, chunksize=8)
    result, origins = {}, {'page': 0, 'small': 0, 'failed': 0}
    for (service, path), (text, origin) in zip(jobs, rendered):
        origins[origin] += 1
        if text is not None:
            result.setdefault(service, {})['/'.join(path)] = text
    print(
        f'awscli {awscli.__version__}: {origins["page"]} in its own pages, {origins["small"]} in small ones,'
        f' {origins["failed"]} failed',
        file=sys.stderr,
    )
    json.dump(result, sys.stdout, sort_keys=True)


main()
