// The worker thread that hosts one compute-to-data job (plain JavaScript: worker threads do not load TypeScript
// through tsx). It runs the module under node:wasi with the dataset directory preopened as /data, stdin empty and
// stdout/stderr captured in memory up to their caps. The WASI calls that could write to the dataset or leave it are
// wrapped: writes answer EROFS, and a path that is absolute or climbs with ".." stops the job (uvwasi would refuse
// it too; stopping makes the attempt visible). The host runs in run-job.ts; messages: started, exit, stopped, trap.
/* global TextDecoder, WebAssembly */
import { closeSync, openSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { parentPort, workerData } from 'node:worker_threads';

const ERRNO_FAULT = 21;
const ERRNO_ROFS = 69;
const OFLAGS_WRITING = 0x1 | 0x4 | 0x8; // creat, excl, trunc
const FDFLAGS_APPEND = 0x1;
// fd_datasync, fd_fdstat_set_flags, fd_sync, fd_write, fd_allocate, path_create_directory, path_create_file,
// path_link_source/target, path_rename_source/target, path_filestat_set_size/times, fd_filestat_set_size/times,
// path_symlink, path_remove_directory, path_unlink_file.
const WRITE_RIGHTS = [0, 3, 4, 6, 8, 9, 10, 11, 12, 16, 17, 19, 20, 22, 23, 24, 25, 26].reduce(
  (all, bit) => all | (1n << BigInt(bit)),
  0n,
);

const { module, dataDir, args, limits } = workerData;
const decoder = new TextDecoder();
let memory;

class Stop extends Error {
  constructor(reason, detail) {
    super(detail);
    this.reason = reason;
  }
}

const sinks = {
  1: { name: 'stdout', cap: limits.outputBytes, chunks: [], size: 0 },
  2: { name: 'stderr', cap: limits.stderrBytes, chunks: [], size: 0 },
};

function pathAt(pointer, length) {
  const path = decoder.decode(new Uint8Array(memory.buffer, pointer, length));
  if (path.startsWith('/') || path.split('/').includes('..')) {
    throw new Stop(
      'sandbox-escape',
      `Job stopped: it tried to reach "${path}", outside its read-only view of the dataset`,
    );
  }
  return path;
}

const nullFd = openSync('/dev/null', 'r+');
const wasi = new WASI({
  version: 'preview1',
  args: ['job', ...args],
  env: {},
  preopens: { '/data': dataDir },
  stdin: nullFd,
  stdout: nullFd,
  stderr: nullFd,
  returnOnExit: true,
});
const real = wasi.wasiImport;
const readOnly = () => ERRNO_ROFS;

const wrapped = {
  ...real,
  fd_write(fd, iovs, count, written) {
    const sink = sinks[fd];
    if (sink === undefined) return real.fd_write(fd, iovs, count, written);
    try {
      const view = new DataView(memory.buffer);
      let total = 0;
      for (let i = 0; i < count; i++) {
        const pointer = view.getUint32(iovs + i * 8, true);
        const length = view.getUint32(iovs + i * 8 + 4, true);
        if (sink.size + length > sink.cap) {
          throw new Stop(
            'output-limit',
            `Job stopped: it wrote more than the limit of ${sink.cap} bytes to ${sink.name}`,
          );
        }
        sink.chunks.push(new Uint8Array(memory.buffer, pointer, length).slice());
        sink.size += length;
        total += length;
      }
      view.setUint32(written, total, true);
      return 0;
    } catch (error) {
      if (error instanceof RangeError) return ERRNO_FAULT;
      throw error;
    }
  },
  fd_pwrite: (fd, ...rest) => (sinks[fd] === undefined ? ERRNO_ROFS : real.fd_pwrite(fd, ...rest)),
  fd_allocate: readOnly,
  fd_filestat_set_size: readOnly,
  fd_filestat_set_times: readOnly,
  path_create_directory: readOnly,
  path_filestat_set_times: readOnly,
  path_link: readOnly,
  path_remove_directory: readOnly,
  path_rename: readOnly,
  path_symlink: readOnly,
  path_unlink_file: readOnly,
  path_open(fd, dirflags, path, length, oflags, rightsBase, rightsInheriting, fdflags, opened) {
    pathAt(path, length);
    if ((oflags & OFLAGS_WRITING) !== 0 || (fdflags & FDFLAGS_APPEND) !== 0) return ERRNO_ROFS;
    return real.path_open(
      fd,
      dirflags,
      path,
      length,
      oflags,
      BigInt(rightsBase) & ~WRITE_RIGHTS,
      BigInt(rightsInheriting) & ~WRITE_RIGHTS,
      fdflags,
      opened,
    );
  },
  path_filestat_get(fd, flags, path, length, result) {
    pathAt(path, length);
    return real.path_filestat_get(fd, flags, path, length, result);
  },
  path_readlink(fd, path, length, buffer, bufferLength, used) {
    pathAt(path, length);
    return real.path_readlink(fd, path, length, buffer, bufferLength, used);
  },
};

const collected = (fd) => {
  const sink = sinks[fd];
  const out = new Uint8Array(sink.size);
  let at = 0;
  for (const chunk of sink.chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
};
const memoryBytes = () => (memory === undefined ? 0 : memory.buffer.byteLength);

try {
  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wrapped });
  memory = instance.exports.memory;
  parentPort.postMessage({ type: 'started' });
  const code = wasi.start(instance);
  parentPort.postMessage({
    type: 'exit',
    code,
    stdout: collected(1),
    stderr: collected(2),
    memoryBytes: memoryBytes(),
  });
} catch (error) {
  if (error instanceof Stop) {
    parentPort.postMessage({
      type: 'stopped',
      reason: error.reason,
      detail: error.message,
      memoryBytes: memoryBytes(),
    });
  } else {
    parentPort.postMessage({
      type: 'trap',
      detail: String(error && error.message ? error.message : error),
      memoryBytes: memoryBytes(),
    });
  }
} finally {
  closeSync(nullFd);
}
