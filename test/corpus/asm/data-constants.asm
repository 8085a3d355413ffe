; Constants written every way NASM reads them: number bases and suffixes, separators, character and
; string constants, floats of every width, UTF-16/32 strings, and the full operator table.
        bits 32
        org 0

numbers:
        dd 0x1F, 1Fh, 0h1f, $1F
        dd 0q17, 17q, 17o, 0o17
        dd 0b1010, 1010b, 0y1010, 1010y
        dd 99, 0d99, 99d, 1_000_000, 0x_ff_ff, 1010_1010b
        dw 'ab', "cd", `\n\t`
        dd 'abcd'
        dq 'abcdefgh'

floats:
        dw 1.5, -2.0, 0.1, 65504.0
        dd 1.5, -2.25, 1e10, 3.14159, 1e-5, 2E+3
        dq 1.5, 2.0e-3, -1.0e300
        dt 1.5, 3.0
        dd __?float32?__(0.5)
        dq __?float64?__(-0.25)

text:
        dw __?utf16?__("wide"), 0
        dd __?utf32?__('w'), 0
        db `escapes: \x41\102\u00e9`, 0

operators:
        dd 7 + 3, 7 - 3, 7 * 3, 7 / 3, 7 % 3
        dd -7 / 2, -7 % 2, -7 // 2, -7 %% 2
        dd 1 << 4, 256 >> 4, -256 >>> 4, -256 >> 28
        dd 0xf0 | 0x0f, 0xff ^ 0x0f, 0xff & 0x0f, ~0, !0, !5
        dd 3 == 3, 3 != 3, 3 <> 4, 2 < 3, 3 <= 2, 4 > 3, 4 >= 5
        dd 1 && 0, 1 || 0, 1 ^^ 1, 0 ^^ 1
        dd 1 ? 10 : 20, 0 ? 10 : 20
        dd (1 + 2) * (3 + 4), 1 + 2 * 3 + 4, -(-(-5))
        dd numbers - $$, $ - operators, ($ - $$) / 4

        times 3 db 0x90
        times (8 - ($ - $$) % 8) % 8 db 0
