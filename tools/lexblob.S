/* The built-in lexicon blob, made by tools/mklex (see builtin.h). */
	.section .rodata
	.balign 16
	.global scrub_builtin_lexicon
	.global scrub_builtin_lexicon_end
scrub_builtin_lexicon:
	.incbin LEXBLOB
scrub_builtin_lexicon_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
