; local labels, labels without colons, ..@ labels, $-escaped identifiers
bits 32
org 0x1000
main:
.loop:  dd .loop, .end
.end:   dd main.loop
other   dd 0
.loop   dd .loop, other.loop
..@special: dd ..@special
.after: dd other.after
$eax:   dd $eax
$byte   equ 5
        dd $byte
x.y:    dd x.y
