# Writes urna/version.hpp: the identity stamped into every output file. Run at every build (cmake -P),
# so a rebuild after a pull or a local edit never keeps the commit of the last configure.
#   SOURCE_DIR  the source tree     TEMPLATE  sim/version.hpp.in     OUTPUT  the header to write
#   PROJECT_VERSION  urna's version
# The commit is "unknown" outside a git checkout of SOURCE_DIR itself; with tracked files changed
# from it, or files git neither tracks nor ignores, it gets "-dirty-" and 8 hex digits of a hash
# of those changes, so builds of different edits never carry one identity (merge compares it).
# The header is rewritten only when its text changes: an unchanged tree recompiles nothing.

function(git_output out)
  execute_process(COMMAND git --no-optional-locks ${ARGN} WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE text RESULT_VARIABLE status ERROR_QUIET)
  if(NOT status EQUAL 0)
    set(text "")
    set(${out}_failed TRUE PARENT_SCOPE)
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(URNA_GIT_COMMIT "unknown")
git_output(top rev-parse --show-toplevel)
string(STRIP "${top}" top)
if(NOT top_failed AND NOT top STREQUAL "")
  get_filename_component(top "${top}" REALPATH)
  get_filename_component(source "${SOURCE_DIR}" REALPATH)
  if(top STREQUAL source)
    git_output(commit rev-parse --short=12 HEAD)
    string(STRIP "${commit}" commit)
    if(NOT commit_failed AND NOT commit STREQUAL "")
      set(URNA_GIT_COMMIT "${commit}")
      git_output(changes diff HEAD --no-ext-diff --no-color --binary)
      git_output(untracked ls-files --others --exclude-standard)
      if(NOT changes STREQUAL "" OR NOT untracked STREQUAL "")
        # The untracked files by name and content (a name git quotes, or one holding ';', counts by
        # its name alone).
        string(REPLACE "\n" ";" names "${untracked}")
        set(digest "${changes}\n${untracked}")
        foreach(name IN LISTS names)
          if(NOT name STREQUAL "" AND EXISTS "${SOURCE_DIR}/${name}" AND NOT IS_DIRECTORY "${SOURCE_DIR}/${name}")
            file(SHA1 "${SOURCE_DIR}/${name}" content)
            string(APPEND digest "\nuntracked ${name} ${content}")
          endif()
        endforeach()
        string(SHA1 digest "${digest}")
        string(SUBSTRING "${digest}" 0 8 digest)
        set(URNA_GIT_COMMIT "${commit}-dirty-${digest}")
      endif()
    endif()
  endif()
endif()

configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
