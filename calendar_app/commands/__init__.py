"""One module per subcommand, each with ``run(args) -> exit code``; imported lazily by the CLI."""
