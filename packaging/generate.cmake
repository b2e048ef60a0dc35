# Writes the man page and the bash completion from the built binary, so they
# never drift from the commands and options it parses (cli/cmd_man.cc,
# cli/cmd_completion.cc). Run by packaging.cmake:
#   cmake -DCUSTODIA=<binary> -DOUT=<dir> -P packaging/generate.cmake
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${CUSTODIA}" man OUTPUT_FILE "${OUT}/custodia.1" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "custodia man failed (${rc})")
endif()
execute_process(COMMAND gzip -9 -n -c "${OUT}/custodia.1" OUTPUT_FILE "${OUT}/custodia.1.gz" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip of the man page failed (${rc})")
endif()
execute_process(COMMAND "${CUSTODIA}" completion bash OUTPUT_FILE "${OUT}/custodia.bash" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "custodia completion bash failed (${rc})")
endif()
