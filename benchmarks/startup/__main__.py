"""An empty program: the benchmark times its `up` as the engine's fixed start-up (issue 15), the cost every
`pulumi up` pays before the first resource (CLI, backend, language host, Python and the SDK)."""

import pulumi  # noqa: F401  (a program imports the SDK even when it declares nothing)
