; %strlen, %substr, %strcat, %defstr
bits 32
%define GREETING 'hello, world'
%strlen LEN GREETING
    db LEN
%substr FIRST GREETING 1
%substr WORD GREETING 1, 5
%substr LAST GREETING -1
    db FIRST, WORD, LAST
%strcat BOTH 'abc', "def", 'g'
    db BOTH
%strlen BL BOTH
    db BL
%defstr STR some text here
    db STR
