import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { probePython, staleModules } from "../../sandbox/doctor/probe";
import { tempDir, writeJson } from "../helpers/files";
import { standInCommand } from "../helpers/stand-in-command";

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in interpreter: a shell script that prints what a Python with (or without) moto would. */
function interpreter(script: string): string {
  return standInCommand(dir, "python", [script], "#!/bin/sh").file;
}

describe("the moto probe", () => {
  it("reads Python's and moto's versions", async () => {
    expect(await probePython(interpreter("printf '3.12.1\\n5.0.3\\n'"))).toEqual({ version: "3.12.1", moto: "5.0.3" });
  });

  it("keeps the import error's last line when moto is missing", async () => {
    const python = interpreter(
      [
        "echo 3.12.1",
        "echo 'Traceback (most recent call last):' >&2",
        "echo \"ModuleNotFoundError: No module named 'moto'\" >&2",
        "exit 1",
      ].join("\n"),
    );

    expect(await probePython(python)).toEqual({ version: "3.12.1", motoError: "ModuleNotFoundError: No module named 'moto'" });
  });

  it("finds no Python where there is none", async () => {
    expect(await probePython(join(dir, "no-such-python"))).toBeUndefined();
  });
});

describe("the node_modules probe", () => {
  /** A project whose lock pins a@1.0.0 and b@2.0.0, with `installed` in node_modules. */
  function project(installed: Record<string, string>): string {
    writeJson(dir, "package.json", { dependencies: { a: "1.0.0" }, devDependencies: { b: "2.0.0" } });
    writeJson(dir, "package-lock.json", {
      packages: { "node_modules/a": { version: "1.0.0" }, "node_modules/b": { version: "2.0.0" } },
    });
    for (const [name, version] of Object.entries(installed)) {
      mkdirSync(join(dir, "node_modules", name), { recursive: true });
      writeJson(join(dir, "node_modules", name), "package.json", { name, version });
    }
    return dir;
  }

  it("finds nothing stale when node_modules holds the locked versions", () => {
    expect(staleModules(project({ a: "1.0.0", b: "2.0.0" }))).toEqual([]);
  });

  it("names packages missing or at another version than the lock's", () => {
    expect(staleModules(project({ b: "2.1.0" }))).toEqual(["a", "b"]);
  });
});
