from cvkit.cli.launch import main

main()
