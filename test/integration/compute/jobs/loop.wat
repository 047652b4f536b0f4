;; Hostile: never ends. Stopped by the wall-time limit.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
