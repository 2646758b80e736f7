//! SQLite's own allocations go to mimalloc, like the rest of the program.
//!
//! sqlx copies every column value out of SQLite (`sqlite3_value_dup`), so a page of 20
//! notices makes hundreds of small SQLite allocations on the connection threads. They went
//! to glibc's malloc (SQLite does not use Rust's global allocator) and cost an eighth of
//! the notice list's CPU time under load. `SQLITE_CONFIG_MALLOC` is SQLite's documented
//! way to plug in an allocator; it must run before SQLite is first used.

use libmimalloc_sys as mi;
use libsqlite3_sys as ffi;
use std::ffi::{c_int, c_void};

unsafe extern "C" fn allocate(size: c_int) -> *mut c_void {
    // SAFETY: mimalloc accepts any size; SQLite never asks for a negative one.
    unsafe { mi::mi_malloc(usize::try_from(size).unwrap_or(0)) }
}

unsafe extern "C" fn free(block: *mut c_void) {
    // SAFETY: SQLite frees only blocks `allocate`/`reallocate` gave it.
    unsafe { mi::mi_free(block) }
}

unsafe extern "C" fn reallocate(block: *mut c_void, size: c_int) -> *mut c_void {
    // SAFETY: as for `allocate` and `free`.
    unsafe { mi::mi_realloc(block, usize::try_from(size).unwrap_or(0)) }
}

unsafe extern "C" fn size_of(block: *mut c_void) -> c_int {
    // SAFETY: `block` came from mimalloc (or is null, which mimalloc answers with 0).
    let size = unsafe { mi::mi_usable_size(block) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn round_up(size: c_int) -> c_int {
    let wanted = usize::try_from(size).unwrap_or(0);
    // SAFETY: a pure function of its argument.
    let good = unsafe { mi::mi_good_size(wanted) };
    c_int::try_from(good).unwrap_or(size)
}

unsafe extern "C" fn init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn shutdown(_: *mut c_void) {}

/// Hands SQLite mimalloc. Call it first thing in `main`, before any database is opened;
/// answers false (and SQLite keeps glibc's malloc) when SQLite was already in use.
pub fn use_mimalloc() -> bool {
    let methods = ffi::sqlite3_mem_methods {
        xMalloc: Some(allocate),
        xFree: Some(free),
        xRealloc: Some(reallocate),
        xSize: Some(size_of),
        xRoundup: Some(round_up),
        xInit: Some(init),
        xShutdown: Some(shutdown),
        pAppData: std::ptr::null_mut(),
    };
    // SAFETY: SQLite copies the methods before returning; they are valid for the whole
    // program, and SQLite refuses (SQLITE_MISUSE) once it has been initialised.
    let answer = unsafe {
        ffi::sqlite3_config(
            ffi::SQLITE_CONFIG_MALLOC,
            &methods as *const ffi::sqlite3_mem_methods,
        )
    };
    answer == ffi::SQLITE_OK
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_methods_handed_to_sqlite_allocate_resize_and_free() {
        // SAFETY: each block is used only between its allocation and its release.
        unsafe {
            let block = super::allocate(100);
            assert!(!block.is_null());
            assert!(super::size_of(block) >= 100);
            let bigger = super::reallocate(block, 5000);
            assert!(!bigger.is_null());
            assert!(super::size_of(bigger) >= 5000);
            assert!(super::round_up(100) >= 100);
            super::free(bigger);
        }
    }
}
