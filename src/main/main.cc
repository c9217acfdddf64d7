// spotrun's entry point (cli/main_entry.h does the work).
#include "cli/main_entry.h"

int main(int argc, char** argv) { return spotrun::RunMain(argc, argv); }
