//! Party directives: symbols (`05-CT/TW`), citations found in document text, and the
//! registry that tells which directive a citation means.
