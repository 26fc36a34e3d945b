from careerplan.cli import main

main()
