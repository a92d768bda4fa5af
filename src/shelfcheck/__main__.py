from shelfcheck.cli import main

main()
