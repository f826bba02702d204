from itatui.cli import main

raise SystemExit(main())
