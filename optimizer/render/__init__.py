"""What a runner looks at and takes along: the plan page, the subscribe page, watch workouts.

- :mod:`~optimizer.render.view`: a plan as plain data (:class:`PlanView`), built from the
  pipeline's outcome; the feed server keeps it as JSON beside the feed.
- :mod:`~optimizer.render.page`: the self-contained HTML page of a plan (week by week, a
  weekly volume chart, every session's workout and reasons; no scripts needed, no network).
- :mod:`~optimizer.render.subscribe`: the page to subscribe from (Apple, Google, Outlook, a
  copyable URL and a QR code made here, by :mod:`~optimizer.render.qr`).
- :mod:`~optimizer.render.fit`: one Garmin FIT workout file per session (needs the ``watch``
  extra: Garmin's FIT SDK).

Nothing here reads the clock: the same plan gives the same bytes.
"""
