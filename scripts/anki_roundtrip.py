"""Imports archdeck's Anki exports into a fresh Anki collection and checks them.

Usage: python3 scripts/anki_roundtrip.py FIRST.txt SECOND.txt GUID NEW_TEXT

FIRST is imported into an empty collection: it must give one note per row, in the decks the
rows name, with no raw Markdown. SECOND, exported after an entry changed, is imported on top:
the note count must stay the same, and the note with GUID must now hold NEW_TEXT (updated, not
duplicated). Needs the `anki` package from PyPI (it works offline). Exits non-zero on failure.
"""

import os
import re
import sys
import tempfile

from anki.collection import Collection, ImportCsvRequest
from anki.import_export_pb2 import CsvMetadata


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [l for l in f.read().splitlines() if l and not l.startswith("#")]


def import_file(col, path):
    metadata = col.get_csv_metadata(path=path, delimiter=None)
    metadata.dupe_resolution = CsvMetadata.DupeResolution.UPDATE
    col.import_csv(ImportCsvRequest(path=path, metadata=metadata))


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    first, second, guid, new_text = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "test.anki2"))
        import_file(col, first)
        expected = len(rows(first))
        notes = col.find_notes("")
        if len(notes) != expected:
            fail(f"{len(notes)} notes after the first import, expected {expected}")
        decks = {row.split("\t")[0] for row in rows(first)}
        names = {d.name for d in col.decks.all_names_and_ids()}
        if not decks <= names:
            fail(f"decks {sorted(decks - names)} missing from {sorted(names)}")
        markdown = re.compile(r"\*\*\w|__\w|^\s*[-*] |^#+ |\[[^\]]+\]\([^)]+\)", re.M)
        for nid in notes:
            note = col.get_note(nid)
            for field in note.fields:
                if markdown.search(field):
                    fail(f"raw Markdown in note {note.guid}: {field[:200]}")
        guids = {col.get_note(n).guid for n in notes}
        if guid not in guids:
            fail(f"no note with GUID {guid}")
        import_file(col, second)
        after = col.find_notes("")
        if len(after) != expected:
            fail(f"{len(after)} notes after the second import, expected {expected}: duplicated")
        changed = [col.get_note(n) for n in after if col.get_note(n).guid == guid]
        if len(changed) != 1 or new_text not in " ".join(changed[0].fields):
            fail(f"the note {guid} was not updated: {[n.fields for n in changed]}")
        print(f"ok: {expected} notes in {len(decks)} decks, no raw Markdown; {guid} updated in place")
        col.close()


main()
