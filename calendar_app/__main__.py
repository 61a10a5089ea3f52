from calendar_app.cli import main

main()
