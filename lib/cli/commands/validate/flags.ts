import { z } from "zod";
import { configFlag } from "../../flags";

export const validateFlags = z.object({ config: configFlag });
