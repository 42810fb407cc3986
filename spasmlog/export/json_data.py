"""JSON: ``{"episodes": [...], "weeks": [...], "flags": [...]}`` (SPEC §5).

``episodes`` are :meth:`Episode.to_dict` (the keys of the CSV header, ``symptoms`` a list,
not recorded = null), oldest first and streamed from the cursor; ``weeks`` are the ISO
weeks of §4.1 from the range's first week to the week of ``as_of``; ``flags`` are §4.2's,
evaluated as of the end of the range. Two more keys close the object: ``as_of`` and the
``disclaimer`` (SPEC §6: every export carries it).
"""

from __future__ import annotations

import json

from ..messages import DISCLAIMER

NAME = "json"
EXTENSION = "json"
BINARY = False
SUMMARY = False
LABEL = "JSON — episodes, weekly figures and flags (for programs)"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(job, stream) -> None:
    from .job import load_config

    config = load_config()
    with job.store.read() as session:
        stream.write('{"episodes": [')
        first = True
        for ep in job.episodes(session):
            stream.write("\n  " if first else ",\n  ")
            stream.write(_dump(ep.to_dict()))
            first = False
        stream.write("\n]" if not first else "]")
        weeks = job.trends(session).weeks
        flags = job.flags(session, config)
    stream.write(',\n"weeks": [')
    stream.write(",".join("\n  " + _dump(w.to_dict()) for w in weeks))
    stream.write("\n]" if weeks else "]")
    stream.write(',\n"flags": [')
    stream.write(",".join("\n  " + _dump(f.to_dict()) for f in flags))
    stream.write("\n]" if flags else "]")
    stream.write(
        f',\n"as_of": {_dump(job.as_of.isoformat())},\n"disclaimer": {_dump(DISCLAIMER)}\n}}\n'
    )
