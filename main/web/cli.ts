import { z } from "zod"; console.log("web", z.string().parse("x"))
