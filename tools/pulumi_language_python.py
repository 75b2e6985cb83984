"""A minimal Pulumi language host for Python (the ``pulumi-language-python`` plugin), written in Python.

Why this exists: the Pulumi CLI starts a *language host* plugin to run a ``runtime: python`` project and,
since v3.221, to run Python policy packs (``pulumi preview --policy-pack``). Upstream ships a Go host in the
nested module ``github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3``, which our Go module
proxy does not serve, and get.pulumi.com (the release tarballs) is unreachable. This module is our own
replacement, covering only what sinch-est needs: programs that use dynamic providers (no provider
packages to install) and Python policy packs. It mirrors the behaviour of the Go host for those RPCs:

* ``Run`` spawns ``<python> -u pulumi-language-python-exec --monitor ... PROGRAM`` with ``PULUMI_CONFIG``
  and ``PULUMI_CONFIG_SECRET_KEYS`` set; exit code 32 means "already reported", so we answer ``bail``.
* ``RunPlugin`` (kind ``analyzer``) runs ``<python> -u -m pulumi.policy <args> <packDir>`` behind a small
  Analyzer proxy that first waits for the engine's ``ConfigureStack`` so that the pack starts with
  ``PULUMI_PROJECT``/``PULUMI_STACK``/``PULUMI_DRY_RUN``/``PULUMI_ORGANIZATION``/``PULUMI_CONFIG`` set.
* ``GetRequiredPackages``/``GetRequiredPlugins``/``GetProgramDependencies`` report nothing and
  ``InstallDependencies`` is a no-op; everything else is UNIMPLEMENTED.

Python is chosen like the Go host's pip toolchain (the only one supported, without a typechecker): runtime
option ``virtualenv`` (relative to the project root), else ``$PULUMI_PYTHON_CMD`` looked up on PATH, else
``python3``, else ``python``. For a policy pack the options are the pack's own ``PulumiPolicy.yaml``, never
the program's, so a pack without them runs on ``$PULUMI_PYTHON_CMD`` or ``python3``.
Only grpcio and the generated stubs in the ``pulumi`` wheel are used. The engine launches it as
``pulumi-language-python [-flags] <engineAddress>``; it prints its port on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from importlib import metadata
from typing import Any, TypeAlias

import grpc
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import analyzer_pb2, language_pb2, language_pb2_grpc, plugin_pb2

BAIL_EXIT_CODE = 32  # the exec script already showed the user an actionable message
# 400 MiB messages, the same limit as the engine's rpcutil.GrpcChannelOptions
GRPC_OPTIONS = [(f"grpc.max_{way}_message_length", 400 * 1024 * 1024) for way in ("receive", "send")]
ABOUT_SCRIPT = "import sys; print(sys.executable); print(sys.version.split()[0])"
SDK_VERSION = metadata.version("pulumi")
pb = language_pb2
Ctx: TypeAlias = grpc.ServicerContext


class HostError(Exception):
    """An error to report to the engine as a failed RPC."""


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))  # compact, like Go's json.Marshal


def _options(info: pb.ProgramInfo) -> dict[str, Any]:
    return json_format.MessageToDict(info.options) if info.HasField("options") else {}


def resolve_python(
    root: str, options: dict[str, Any], base_env: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """Return the interpreter and environment for a child, following the Go host's pip toolchain."""
    if options.get("toolchain", "pip") != "pip" or "typechecker" in options:
        raise HostError("this language host supports only the pip toolchain, without a typechecker")
    venv = options.get("virtualenv", "")
    if not isinstance(venv, str):
        raise HostError("virtualenv option must be a string")
    env = dict(base_env)
    if not venv:
        return _python_command(env), env
    venv = os.path.join(root, venv)  # join keeps absolute paths as they are
    python = os.path.join(venv, "bin", "python")
    if not os.path.isfile(python):
        state = "doesn't appear to be a virtual environment" if os.path.isdir(venv) else "doesn't exist"
        raise HostError(
            f"The 'virtualenv' option in Pulumi.yaml is set to {venv!r}, but it {state}.\n"
            f"Create it: python3 -m venv {venv} && {python} -m pip install -r requirements.txt"
        )
    env.pop("PYTHONHOME", None)
    env["PATH"] = os.path.join(venv, "bin") + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = venv
    return python, env


def _python_command(env: dict[str, str]) -> str:
    """The Go host's CommandPath: ``$PULUMI_PYTHON_CMD`` looked up on PATH, else ``python3``, else ``python``."""
    command = env.get("PULUMI_PYTHON_CMD") or os.environ.get("PULUMI_PYTHON_CMD")
    names = [command] if command else ["python3", "python"]
    for name in names:
        found = shutil.which(name, path=env.get("PATH", os.defpath))
        if found:
            return found
    raise HostError(f"failed to locate any of {names} on your PATH. Have you installed Python 3.6 or greater?")


def run_arguments(req: pb.RunRequest, engine: str, tracing: str) -> list[str]:
    """The exec script's command line, built like the Go host's constructArguments."""
    args: list[str] = []
    for flag, value in [
        ("monitor", req.monitor_address),
        ("engine", engine),
        ("project", req.project),
        ("root_directory", req.info.root_directory),
        ("stack", req.stack),
        ("pwd", req.pwd),
        ("dry_run", "true" if req.dryRun else "false"),
        ("parallel", str(req.parallel)),
        ("tracing", tracing),
        ("organization", req.organization),
    ]:
        if value:
            args += [f"--{flag}", value]
    args.append(req.info.entry_point or req.program or ".")
    return args + list(req.args)


def _stop(proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGINT, then SIGKILL after ``grace`` seconds (the Go host's cmd.Cancel + WaitDelay)."""
    proc.send_signal(signal.SIGINT)  # a no-op once the process has been reaped
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()


class PolicyProxy(grpc.GenericRpcHandler):  # type: ignore[misc]
    """Analyzer server that answers Handshake/ConfigureStack itself and forwards all else to the pack."""

    SERVICE = "/pulumirpc.Analyzer/"

    def __init__(self) -> None:
        self._config_set = threading.Event()
        self._config: analyzer_pb2.AnalyzerStackConfigureRequest | None = None
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._channel: grpc.Channel | None = None
        self._error = ""

    def _fulfil(self, config: analyzer_pb2.AnalyzerStackConfigureRequest | None) -> None:
        with self._lock:  # first caller wins, like promise.CompletionSource.Fulfill
            if not self._config_set.is_set():
                self._config = config
                self._config_set.set()

    def await_configuration(self, ctx: Ctx) -> analyzer_pb2.AnalyzerStackConfigureRequest | None:
        while not self._config_set.wait(0.2):
            if not ctx.is_active():
                raise HostError("cancelled while waiting for the policy pack configuration")
        return self._config

    def attach(self, port: int) -> None:
        channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=GRPC_OPTIONS)
        if self._config is not None:
            try:
                channel.unary_unary(self.SERVICE + "ConfigureStack")(self._config.SerializeToString())
            except grpc.RpcError as err:
                if err.code() != grpc.StatusCode.UNIMPLEMENTED:
                    self.fail(f"policy pack configuration failed: {err}")
                    return
        self._channel = channel
        self._ready.set()

    def fail(self, message: str) -> None:
        self._error = message
        self._ready.set()

    def service(self, details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler | None:
        method: str = details.method
        if not method.startswith(self.SERVICE):
            return None
        name = method[len(self.SERVICE) :]
        if name == "Handshake":
            return grpc.unary_unary_rpc_method_handler(
                lambda _req, _ctx: analyzer_pb2.AnalyzerHandshakeResponse().SerializeToString()
            )
        if name == "ConfigureStack":

            def configure(req: bytes, _ctx: Ctx) -> bytes:
                self._fulfil(analyzer_pb2.AnalyzerStackConfigureRequest.FromString(req))
                response: bytes = analyzer_pb2.AnalyzerStackConfigureResponse().SerializeToString()
                return response

            return grpc.unary_unary_rpc_method_handler(configure)

        def forward(req: bytes, ctx: Ctx) -> bytes:
            self._fulfil(None)  # e.g. `pulumi policy publish` never configures the stack
            while not self._ready.wait(0.2):
                if not ctx.is_active():
                    ctx.abort(grpc.StatusCode.CANCELLED, "cancelled")
            if self._channel is None:
                ctx.abort(grpc.StatusCode.UNKNOWN, f"policy pack not started: {self._error}")
            assert self._channel is not None  # abort() raises
            try:
                response: bytes = self._channel.unary_unary(method)(req)
            except grpc.RpcError as err:
                ctx.abort(err.code(), err.details())
            return response

        return grpc.unary_unary_rpc_method_handler(forward)


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    def __init__(self, executor: str, engine: str, tracing: str) -> None:
        self.executor = executor
        self.engine = engine
        self.tracing = tracing
        self._children: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    def _track(self, proc: subprocess.Popen[bytes], ctx: Ctx) -> None:
        with self._lock:
            self._children.add(proc)
        ctx.add_callback(lambda: threading.Thread(target=_stop, args=(proc,), daemon=True).start())

    def _untrack(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._children.discard(proc)

    def GetPluginInfo(self, request: empty_pb2.Empty, context: Ctx) -> plugin_pb2.PluginInfo:
        return plugin_pb2.PluginInfo(version=SDK_VERSION)

    def Handshake(self, request: pb.LanguageHandshakeRequest, context: Ctx) -> pb.LanguageHandshakeResponse:
        self.engine = request.engine_address
        return pb.LanguageHandshakeResponse()

    def GetRequiredPlugins(self, request: Any, context: Ctx) -> pb.GetRequiredPluginsResponse:
        return pb.GetRequiredPluginsResponse()

    def GetRequiredPackages(self, request: Any, context: Ctx) -> pb.GetRequiredPackagesResponse:
        return pb.GetRequiredPackagesResponse()  # only dynamic providers: nothing to install

    def GetProgramDependencies(self, request: Any, context: Ctx) -> pb.GetProgramDependenciesResponse:
        return pb.GetProgramDependenciesResponse()

    def InstallDependencies(self, request: Any, context: Ctx) -> Iterator[pb.InstallDependenciesResponse]:
        return iter(())

    def About(self, request: pb.AboutRequest, context: Ctx) -> pb.AboutResponse:
        info = request.info if request.HasField("info") else pb.ProgramInfo()
        try:
            python, env = resolve_python(info.root_directory, _options(info), dict(os.environ))
            run = subprocess.run(
                [python, "-c", ABOUT_SCRIPT], env=env, capture_output=True, text=True, check=True
            )
            out = run.stdout.split("\n")
        except (HostError, OSError, subprocess.CalledProcessError) as err:
            context.abort(grpc.StatusCode.UNKNOWN, str(err))
        return pb.AboutResponse(executable=out[0], version=out[1], metadata={"toolchain": "pip"})

    def Cancel(self, request: empty_pb2.Empty, context: Ctx) -> empty_pb2.Empty:
        with self._lock:
            children = list(self._children)
        for proc in children:
            threading.Thread(target=_stop, args=(proc,), daemon=True).start()
        return empty_pb2.Empty()

    def Run(self, request: pb.RunRequest, context: Ctx) -> pb.RunResponse:
        if not self.engine:
            context.abort(grpc.StatusCode.UNKNOWN, "no engine address: must call Handshake before Run")
        if request.attach_debugger:
            return pb.RunResponse(error="debugging is not supported by this language host")
        info = request.info
        try:
            python, env = resolve_python(info.root_directory or request.pwd, _options(info), dict(os.environ))
        except HostError as err:
            context.abort(grpc.StatusCode.UNKNOWN, str(err))
        if request.config:
            env["PULUMI_CONFIG"] = _json(dict(sorted(request.config.items())))
        env["PULUMI_CONFIG_SECRET_KEYS"] = _json(list(request.configSecretKeys))
        argv = [python, "-u", self.executor, *run_arguments(request, self.engine, self.tracing)]
        sys.stdout.flush()
        try:
            proc = subprocess.Popen(argv, env=env)  # stdout/stderr inherited: the engine shows them
        except OSError as err:
            return pb.RunResponse(error=f"problem executing program (could not run language executor): {err}")
        self._track(proc, context)
        try:
            code = proc.wait()
        finally:
            self._untrack(proc)
        if code == 0:
            return pb.RunResponse()
        if code == BAIL_EXIT_CODE:
            return pb.RunResponse(bail=True)
        return pb.RunResponse(error=f"program exited with non-zero exit code: {code if code > 0 else -1}")

    def RunPlugin(self, request: pb.RunPluginRequest, context: Ctx) -> Iterator[pb.RunPluginResponse]:
        """Run a Python policy pack behind a PolicyProxy (the Go host's flow for kind=analyzer)."""
        if request.kind != "analyzer":
            context.abort(grpc.StatusCode.UNIMPLEMENTED, "this language host only runs policy packs")
        info = request.info
        # The request carries the engine's environment; like the Go host, it wins over what we add below.
        req_env = dict(e.split("=", 1) for e in request.env if "=" in e)
        try:
            python, env = resolve_python(info.root_directory, _options(info), req_env or dict(os.environ))
        except HostError as err:
            context.abort(grpc.StatusCode.UNKNOWN, str(err))
        proxy = PolicyProxy()
        server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=8), handlers=[proxy], options=GRPC_OPTIONS
        )
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        context.add_callback(lambda: server.stop(None))
        yield pb.RunPluginResponse(stdout=f"{port}\n".encode())  # the engine talks to the proxy
        try:
            config = proxy.await_configuration(context)
        except HostError:
            return
        if config is not None:
            extra = {
                "PULUMI_ORGANIZATION": config.organization,
                "PULUMI_PROJECT": config.project,
                "PULUMI_STACK": config.stack,
                "PULUMI_DRY_RUN": "true" if config.dry_run else "false",
                "PULUMI_CONFIG": _json(dict(sorted(config.config.items()))) if config.config else "",
            }
            env.update({k: v for k, v in extra.items() if v and k not in req_env})
        argv = [python, "-u", "-m", "pulumi.policy", *request.args, info.program_directory]
        try:  # packs have always run in their own directory
            proc = subprocess.Popen(
                argv, cwd=info.program_directory, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as err:
            proxy.fail(str(err))
            context.abort(grpc.StatusCode.UNKNOWN, f"problem executing plugin program: {err}")
        self._track(proc, context)
        assert proc.stdout is not None and proc.stderr is not None
        # Like the Go host, the pack's stderr reaches the engine as it is written, also while we wait for
        # its port: a pack that cannot start (say, its Python lacks pulumi_policy) explains itself there.
        out: queue.Queue[pb.RunPluginResponse | _Failed | None] = queue.Queue()
        stderr_done = threading.Event()
        threading.Thread(target=_pump, args=(proc.stderr, "stderr", out, stderr_done), daemon=True).start()
        threading.Thread(target=_attach, args=(proc, proxy, out, stderr_done), daemon=True).start()
        open_streams = 2
        try:
            while open_streams:
                try:
                    msg = out.get(timeout=0.5)
                except queue.Empty:
                    if not context.is_active():
                        return
                    continue
                if msg is None:
                    open_streams -= 1
                elif isinstance(msg, _Failed):
                    proxy.fail(msg.reason)  # only after the stderr queued before it went to the engine
                else:
                    yield msg
            code = proc.wait()
        finally:
            self._untrack(proc)
            server.stop(None)
        if code != 0:
            yield pb.RunPluginResponse(exitcode=code if code > 0 else -1)


class _Failed:
    """Queued after the pack's stderr when it never printed its port (the proxy reports it then)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _attach(
    proc: subprocess.Popen[bytes],
    proxy: PolicyProxy,
    out: queue.Queue[pb.RunPluginResponse | _Failed | None],
    stderr_done: threading.Event,
) -> None:
    """Read the pack's port from its first stdout line and attach the proxy, then copy the rest of stdout."""
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the real pack prints its own port first
    try:
        port = int(line.strip())
    except ValueError:
        stderr_done.wait()  # everything the pack said about why it stopped goes first
        # the Go host's PolicyProxy.Attach words it so (fmt.Fscanf of the port)
        out.put(_Failed(f"could not read policy pack port: {'unexpected EOF' if not line else 'expected integer'}"))
    else:
        proxy.attach(port)
    _pump(proc.stdout, "stdout", out)


def _pump(
    stream: Any,
    field: str,
    out: queue.Queue[pb.RunPluginResponse | _Failed | None],
    done: threading.Event | None = None,
) -> None:
    """Copy a child's stdout/stderr into RunPlugin responses; ``None`` marks end of stream."""
    for chunk in iter(lambda: stream.read1(65536), b""):
        out.put(pb.RunPluginResponse(**{field: chunk}))
    out.put(None)
    if done is not None:
        done.set()


def _watch_parent(parent: int) -> None:
    """Exit when the engine that started us goes away (the Go host health-checks the engine instead)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="pulumi-language-python", description=__doc__.splitlines()[0])
    ap.add_argument(
        "-tracing", "--tracing", default="", help="Zipkin-compatible tracing endpoint (passed on)"
    )
    ap.add_argument("-use-executor", "--use-executor", default="", help="path of pulumi-language-python-exec")
    ap.add_argument("-version", "--version", action="store_true", help="print the version and exit")
    ap.add_argument("engine", nargs="?", default="", help="engine gRPC address")
    args, _unknown = ap.parse_known_args(argv)  # tolerate flags of newer engines, e.g. -root=...
    if args.version:
        print(SDK_VERSION)
        return
    executor = args.use_executor or shutil.which("pulumi-language-python-exec") or ""
    if not os.path.isfile(executor):
        sys.exit(f"missing executor pulumi-language-python-exec (looked for {executor or 'it on PATH'})")
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=GRPC_OPTIONS)
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(
        LanguageHost(executor, args.engine, args.tracing), server
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    signal.signal(signal.SIGINT, lambda *_: server.stop(1))
    signal.signal(signal.SIGTERM, lambda *_: server.stop(1))
    server.wait_for_termination()


if __name__ == "__main__":
    main()
