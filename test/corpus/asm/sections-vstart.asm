; sections with vstart=, align=, follows= and start=
bits 32
org 0
section .text
    dd lowcode, highdata, section..mid.start, section..hi.start, section..hi.vstart, section..fixed.start
section .hi vstart=0xC0000000 align=16
highdata: dd highdata, $, $$
    db 'hi'
section .mid follows=.text align=8
lowcode: dd lowcode, $$
section .fixed start=0x200
fixed: dd fixed
