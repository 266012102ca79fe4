"""Squad scale: plan a whole club in one command, on one machine or a Ray cluster.

The way through, one module each:

- :mod:`~optimizer.squad.roster`: the roster (CSV or Parquet, with pandas) into one
  :class:`~optimizer.squad.job.Job` per athlete, options from the row over ``legday.toml``;
- :mod:`~optimizer.squad.job`: one athlete planned exactly as ``legday plan`` plans
  (:func:`~optimizer.squad.job.plan_athlete`), whatever goes wrong kept to their row;
- :mod:`~optimizer.squad.engines`: where the jobs run: :mod:`~optimizer.squad.pool` (worker
  processes on this machine, also the feed server's re-plans) or
  :mod:`~optimizer.squad.ray_engine` (Ray, local or a cluster);
- :mod:`~optimizer.squad.batch`: run the jobs, write each plan as it comes;
- :mod:`~optimizer.squad.results` and :mod:`~optimizer.squad.progress`: the results table,
  the summary, the progress bar.

Heavy libraries (pandas, pyarrow, Ray, the solver) are imported inside the functions that use
them; importing this package is cheap.
"""
