"""Reading, cleaning and preparing a large file in a helper process, beside the writer.

The writer's process spends its time in the database and in linking; reading, cleaning and
preparing a chunk — half of a batch's work — can run on another core meanwhile. Python's
lock rules out a thread (SQLite's per-row steps each let go of the lock and then queue for it
again behind the thread). The helper (``python -m xinyong.collection.helper``, a plain child
process: nothing of the caller's main module is imported again, and no threads are forked) sends
each chunk as one pickle through its standard output. A pipe holds a fraction of a chunk, so the
helper hands its pickles to a thread of its own that writes them out, and runs up to ``AHEAD``
chunks ahead: the two processes take about as long per chunk, but not for the same chunks, and
with a pipe's slack alone the writer waited for the helper 12 s of a million-row batch's 76 s.
Memory stays flat: a few chunks' pickles, a few MiB each. When everything the helper made had
been written to the pipe by the time its next chunk was ready, the helper sends the chunk after
as read (a ``RawBlock``) and the writer's process cleans it itself, so the cleaning is shared
by how busy each process is (1,000,000 rows: the writer waited 0.4–0.8 s instead of 7.7–9.5 s,
and the batch took 46–49 s instead of 51–52 s).
The helper needs a second or two to start; meanwhile the writer's process cleans the first
chunks itself, and once the helper says it is ready, tells it through its standard input how
many chunks to read past. If the writer's process dies, the helper's next read or write finds
its pipe closed and it exits; if the helper dies, the writer's next read finds it closed and
the batch fails.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from xinyong.collection.feeding import Chunk, ChunkMaker, Pieces, RawBlock, SourceInfo, file_chunks
from xinyong.errors import UserError
from xinyong.keys import Keys

_LENGTH = struct.Struct("!Q")
AHEAD = 4  # chunks pickled and waiting for the pipe
# A chunk's pickle is about 2 MiB; through a pipe of 64 KiB the sending thread needs Python's lock
# again some thirty times a chunk, and waits for it each time. 1 MiB is as large as Linux lets
# anyone make a pipe.
_PIPE_BYTES = 1 << 20


@dataclass(frozen=True)
class _Failed:
    """What went wrong in the helper, as text: an exception object need not survive pickling."""

    message: str
    user_error_code: str | None  # set when the error is the department's input (a ``UserError``)


def _send(pipe: IO[bytes], piece: Any) -> None:
    _write(pipe, pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL))


def _write(pipe: IO[bytes], data: bytes) -> None:
    pipe.write(_LENGTH.pack(len(data)))
    pipe.write(data)


class _Sender:
    """Writes pickles to the pipe from a thread, so that making the next chunks need not wait for
    the writer to read this one (a blocked write lets go of Python's lock)."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe
        # A smaller pipe still works, in more steps (the limit is /proc/sys/fs/pipe-max-size).
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self._waiting: queue.Queue[bytes | None] = queue.Queue(AHEAD)
        self._broken: BaseException | None = None
        self._writing = False
        self._starved = False
        self._thread = threading.Thread(target=self._run, name="xinyong-helper-sender", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while (data := self._waiting.get()) is not None:
                self._writing = True
                _write(self._pipe, data)
                self._writing = False
        except Exception as error:  # a closed pipe above all: the maker must hear of it, not wait
            self._broken = error
            while self._waiting.get() is not None:  # let the maker finish; nobody reads anymore
                pass

    def send(self, piece: Any) -> None:
        if self._broken is not None:
            raise self._broken
        data = pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL)
        # Nothing left to write when this piece was ready: the writer has taken all the helper
        # made and is waiting for more (or soon will be).
        self._starved = self._waiting.empty() and not self._writing
        self._waiting.put(data)

    @property
    def starved(self) -> bool:
        """Had everything sent before the last piece been written to the pipe when it was ready?"""
        return self._starved

    def close(self) -> None:
        """Wait until everything sent is written."""
        self._waiting.put(None)
        self._thread.join()
        if self._broken is not None:
            raise self._broken


def _rest(pieces: Pieces, skip: int, sender: _Sender) -> Iterator[SourceInfo | Chunk | RawBlock]:
    """The pieces after the ``skip`` first chunks: a chunk as read, not cleaned, when the pieces
    before it had all gone into the pipe (the writer keeps up) — its process cleans that one
    itself, so that the two processes share the cleaning by how busy each is."""
    try:
        piece = pieces.send(skip)
        while True:
            yield piece
            piece = pieces.send(sender.starved)
    except StopIteration:
        return


def _feed(pipe: IO[bytes], told: IO[bytes], path: Path, name: str, item_id: str, keys: Keys,
          received_on: date) -> None:
    try:
        pieces = file_chunks(path, name, item_id, keys, received_on)
        _send(pipe, next(pieces))  # the source is open: the writer learns the helper is ready
        pipe.flush()
        skip = told.read(_LENGTH.size)
        if len(skip) < _LENGTH.size:
            return  # the writer read the whole file itself
        sender = _Sender(pipe)
        try:
            for piece in _rest(pieces, _LENGTH.unpack(skip)[0], sender):
                sender.send(piece)
            sender.send(None)
        finally:
            sender.close()
    except UserError as error:
        _send(pipe, _Failed(error.message, error.code))
    except (BrokenPipeError, ConnectionResetError):
        raise  # the writer is gone: there is nobody to tell (see ``main``)
    except Exception as error:
        _send(pipe, _Failed(f"{type(error).__name__}: {error}", None))
    pipe.flush()


def _receive(pipe: IO[bytes]) -> Any:
    header = pipe.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(header)
    data = pipe.read(length)
    if len(data) < length:
        raise EOFError
    return pickle.loads(data)


def _from_helper(helper: subprocess.Popen[bytes]) -> Any:
    assert helper.stdout is not None
    try:
        piece = _receive(helper.stdout)
    except EOFError:
        raise RuntimeError(f"读取文件的辅助进程意外退出（退出码 {helper.wait()}）") from None
    if isinstance(piece, _Failed):
        if piece.user_error_code is not None:
            raise UserError(piece.message, code=piece.user_error_code)
        raise RuntimeError(piece.message)
    return piece


def helper_chunks(path: Path, name: str, item_id: str, keys: Keys,
                  received_on: date) -> Iterator[SourceInfo | Chunk]:
    """The same pieces as ``file_chunks``, the first few made here, the rest in a helper process."""
    helper = subprocess.Popen([sys.executable, "-m", "xinyong.collection.helper"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert helper.stdin is not None and helper.stdout is not None
    own = file_chunks(path, name, item_id, keys, received_on)
    try:
        _send(helper.stdin, (path, name, item_id, keys, received_on))
        helper.stdin.flush()
        info = next(own)
        assert isinstance(info, SourceInfo)
        yield info
        # The helper takes a second or two to start (imports, the catalog): meanwhile this
        # process cleans the first chunks itself, then one more while the helper reads past them.
        done = 0
        while not select.select([helper.stdout], [], [], 0)[0]:
            chunk = next(own, None)
            if chunk is None:
                helper.kill()  # the file was read here to the end before the helper even started
                return
            yield chunk
            done += 1
        _from_helper(helper)  # its description of the source: it is ready
        helper.stdin.write(_LENGTH.pack(done + 1))
        helper.stdin.close()
        chunk = next(own, None)
        own.close()
        if chunk is None:
            return
        yield chunk
        maker = ChunkMaker(item_id, keys, received_on, info.legacy_v1)
        while (piece := _from_helper(helper)) is not None:
            yield maker.make(piece.rows) if isinstance(piece, RawBlock) else piece
    finally:
        own.close()
        if not helper.stdin.closed:
            helper.stdin.close()
        helper.stdout.close()
        try:
            helper.wait(timeout=5)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()


def main() -> None:
    # The helper makes a chunk's rows and lets them go once sent: nothing it builds refers back
    # to itself, so the collector would only walk live rows (100,000 rows: 16.4 s with it, 13.9 s
    # without).
    gc.disable()
    # The sending thread waits in a write most of the time; when a write returns, it should get
    # Python's lock back soon rather than after the usual 5 ms, or the pipe runs dry meanwhile.
    sys.setswitchinterval(0.0005)
    # The pieces go out on a private copy of standard output; anything printed goes to stderr.
    pipe = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        _feed(pipe, sys.stdin.buffer, *_receive(sys.stdin.buffer))
        pipe.close()
    except (BrokenPipeError, ConnectionResetError):
        os._exit(0)  # the writer stopped or died: nobody is waiting for the rest


if __name__ == "__main__":
    # Run from the module by its real name, so what is pickled names ``xinyong.collection.helper``.
    from xinyong.collection.helper import main as helper_main

    helper_main()
