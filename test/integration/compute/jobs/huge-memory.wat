;; Hostile: asks for 4 GiB of memory up front. Refused before it runs.
(module
  (memory (export "memory") 65536)
  (func (export "_start")))
