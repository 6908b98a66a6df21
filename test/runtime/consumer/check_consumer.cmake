# Installs the runtime component into a scratch prefix, then builds and runs consumer.c
# against it twice: through pkg-config (ckpt.pc) and through find_package(ckpt).
# Inputs (-D): BUILD_DIR, WORK_DIR, SOURCE_DIR, C_COMPILER, GENERATOR, LIBDIR,
# PKG_CONFIG (may be empty), SANITIZE_FLAGS (may be empty).

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output
                  ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${output}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

separate_arguments(sanitize UNIX_COMMAND "${SANITIZE_FLAGS}")
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
run_step("install the runtime component"
         ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component runtime)

if(PKG_CONFIG)
  set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
  execute_process(COMMAND ${PKG_CONFIG} --cflags --libs ckpt RESULT_VARIABLE result
                  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "pkg-config cannot find ckpt in ${prefix}/${LIBDIR}/pkgconfig")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run_step("build against ckpt.pc"
           ${C_COMPILER} -std=c11 -Wall -Werror ${sanitize} ${SOURCE_DIR}/consumer.c ${flags}
           -Wl,-rpath,${prefix}/${LIBDIR} -o ${WORK_DIR}/consumer_pkg_config)
  run_step("run the pkg-config build" ${WORK_DIR}/consumer_pkg_config)
else()
  message(STATUS "pkg-config not found: ckpt.pc not checked")
endif()

run_step("configure with find_package(ckpt)"
         ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
         -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER}
         "-DCMAKE_C_FLAGS=${SANITIZE_FLAGS}")
run_step("build with find_package(ckpt)" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run_step("run the find_package build" ${WORK_DIR}/build/consumer)
