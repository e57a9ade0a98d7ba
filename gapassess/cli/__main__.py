from gapassess.cli import main

main()
