from planner.console import main

main()
