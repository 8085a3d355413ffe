; A process table built with struc/istruc, accessed through local labels and field offsets.
        bits 32
        org 0x200000

struc process
  .pid:      resd 1
  .state:    resb 1
  .priority: resb 1
  .flags:    resw 1
  .esp:      resd 1
  .name:     resb 16
endstruc

struc list_node
  .next:     resd 1
  .prev:     resd 1
  .payload:  resd 1
endstruc

STATE_READY   equ 1
STATE_RUNNING equ 2
MAX_PROCS     equ 4

scheduler:
        mov esi, proc_table
        mov ecx, MAX_PROCS
.scan:
        cmp byte [esi + process.state], STATE_READY
        je .found
        add esi, process_size
        loop .scan
        xor eax, eax
        ret
.found:
        mov byte [esi + process.state], STATE_RUNNING
        mov eax, [esi + process.pid]
        mov esp, [esi + process.esp]
        lea edi, [esi + process.name]
        ret

align 4
proc_table:
%assign pid 1
%rep MAX_PROCS
  istruc process
    at process.pid,      dd pid
    at process.state,    db STATE_READY
    at process.priority, db 10 + pid
    at process.flags,    dw 0x0200
    at process.esp,      dd stacks + pid * 1024
    at process.name,     db 'proc', '0' + pid, 0
  iend
  %assign pid pid + 1
%endrep
proc_table_end:

%if (proc_table_end - proc_table) != MAX_PROCS * process_size
  %error process table has the wrong size
%endif

nodes:
  istruc list_node
    at list_node.next,    dd nodes + list_node_size
    at list_node.prev,    dd 0
    at list_node.payload, dd proc_table
  iend
  istruc list_node
    at list_node.next,    dd 0
    at list_node.prev,    dd nodes
    at list_node.payload, dd proc_table + process_size
  iend

sizes:  dd process_size, list_node_size, process.name, list_node.payload

stacks  equ 0x300000
