"""JSON: ``{"episodes", "checkins", "markers", "profile", "weeks", "flags", "patterns"}``
(docs/export.md).

``episodes`` are :meth:`Episode.to_dict` (the keys of the CSV header, ``symptoms`` a list,
not recorded = null), oldest first and streamed from the cursor; ``checkins`` and
``markers`` are those in the range, oldest first; ``profile`` is the profile as the person
wrote it (the config's name as the fallback for ``name``); ``weeks`` are the ISO weeks from
the range's first week to the week of ``as_of``, each with its ``tracked_days``;
``flags`` are evaluated as of the end of the range and ``patterns`` are the factor
comparisons of the 90 diary days before it. Three more keys close the object: ``as_of``,
``diary_start`` and the ``disclaimer`` (every export carries it).
An export of the demo's diary opens with
``"sample": "SAMPLE DATA — not a real diary"``.
"""

from __future__ import annotations

import json

from ..messages import DISCLAIMER, SAMPLE_STAMP

NAME = "json"
EXTENSION = "json"
BINARY = False
SUMMARY = False
LABEL = "JSON — episodes, check-ins, markers, weeks, flags, patterns (for programs)"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(job, stream) -> None:
    from ..analysis.patterns import find_patterns
    from ..config import load_config
    from ..storage import repo

    config = load_config()
    with job.store.read() as session:
        stream.write("{")
        if job.sample:
            stream.write(f'"sample": {_dump(SAMPLE_STAMP)},\n')
        stream.write('"episodes": [')
        first = True
        for ep in job.episodes(session):
            stream.write("\n  " if first else ",\n  ")
            stream.write(_dump(ep.to_dict()))
            first = False
        stream.write("\n]" if not first else "]")
        checkins = repo.list_checkins(session=session, since=job.start, until=job.end)
        markers = repo.list_markers(session=session, since=job.start, until=job.end)
        profile = repo.get_profile(session=session).to_dict()
        trends = job.trends(session)
        flags = job.flags(session, config)
        patterns = find_patterns(session, as_of=job.as_of)
    if profile["name"] is None and config.name:
        profile["name"] = config.name
    _array(stream, "checkins", [c.to_dict() for c in checkins])
    _array(stream, "markers", [m.to_dict() for m in markers])
    stream.write(f',\n"profile": {_dump(profile)}')
    _array(stream, "weeks", [w.to_dict() for w in trends.weeks])
    _array(stream, "flags", [f.to_dict() for f in flags])
    _array(stream, "patterns", [f.to_dict() for f in patterns.factors])
    start = trends.diary_start.isoformat() if trends.diary_start else None
    stream.write(
        f',\n"as_of": {_dump(job.as_of.isoformat())},\n"diary_start": {_dump(start)},'
        f'\n"disclaimer": {_dump(DISCLAIMER)}\n}}\n'
    )


def _array(stream, key: str, items: list) -> None:
    stream.write(f',\n"{key}": [')
    stream.write(",".join("\n  " + _dump(item) for item in items))
    stream.write("\n]" if items else "]")
