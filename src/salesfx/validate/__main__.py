import sys

from salesfx.validate.command import main

sys.exit(main())
