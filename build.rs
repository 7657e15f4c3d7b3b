// The default theme is embedded with include_dir!, which cargo does not track: rebuild when
// any theme file changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/data");
}
