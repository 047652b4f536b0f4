;; Hostile: opens the dataset for writing (truncate). The view is read-only: exits with the WASI errno it got.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "dataset")
  (func (export "_start")
    ;; oflags trunc (8); rights fd_read | fd_write
    (call $proc_exit
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 7) (i32.const 8)
        (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 64)))))
