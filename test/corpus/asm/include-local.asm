; %include of a file relative to the source and incbin with offset and length
bits 32
%include "inc/defs.inc"
%include "inc/defs.inc"
    emit_pair
    dd VALUE_A + VALUE_B
blob: incbin "inc/blob.bin"
blob_len equ $ - blob
    incbin "inc/blob.bin", 6
    incbin "inc/blob.bin", 2, 3
    dd blob_len
