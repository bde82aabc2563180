from oportumap.cli import main

main()
