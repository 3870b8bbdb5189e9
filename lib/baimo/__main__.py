from baimo.cli import main

raise SystemExit(main())
