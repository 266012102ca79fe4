"""legday subcommands that live in their own modules (loaded lazily by optimizer.cli)."""
