// tocsin: the server binary. Everything happens in server::Main.
#include <string>
#include <vector>

#include "server/main.h"

int main(int argc, char** argv) {
  return tocsin::server::Main(std::vector<std::string>(argv, argv + argc));
}
