"""Records test/commands/fnmatch-cases.json: patterns and paths, random from a fixed seed over the
characters that matter to fnmatch (sets, ranges, `!`, `-`, stars, `?`, a backslash, a character
outside the BMP), and whether Python's fnmatch.fnmatchcase matches them, as the AWS CLI's
--include/--exclude filters do. The test checks isoaws's matcher against every case."""
import fnmatch
import json
import pathlib
import random
import sys

ALPHABET = ['a', 'b', 'c', 'z', '-', '!', '^', '[', ']', '*', '?', '/', '.', '\\', 'é', '😀']
TEXT = ['a', 'b', 'c', 'z', '-', '!', '^', '[', ']', '/', '.', '\\', 'é', '😀']

def main():
    rng = random.Random(20261205)
    cases = []
    seen = set()
    while len(cases) < 4000:
        pattern = ''.join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
        text = ''.join(rng.choice(TEXT) for _ in range(rng.randint(0, 8)))
        # Half the paths are made to fit the pattern's literal characters, so matches are not rare.
        if rng.random() < 0.5:
            text = ''.join(c if c not in '*?[]' else rng.choice(TEXT) for c in pattern)
        if (pattern, text) in seen:
            continue
        seen.add((pattern, text))
        cases.append([pattern, text, fnmatch.fnmatchcase(text, pattern)])
    out = pathlib.Path(__file__).resolve().parent.parent / 'test/commands/fnmatch-cases.json'
    out.write_text(json.dumps({'python': sys.version.split()[0], 'cases': cases}, ensure_ascii=False) + '\n')

main()
