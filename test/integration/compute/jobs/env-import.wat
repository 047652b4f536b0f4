;; Hostile: imports a host function that is not WASI. Refused before it runs.
(module
  (import "env" "fetch" (func $fetch (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $fetch (i32.const 0) (i32.const 0)))))
