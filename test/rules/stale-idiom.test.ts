import { describe, expect, it } from "vitest";
import { houseRules } from "../../scripts/house/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const rules = houseRules.filter((r) => r.id === "stale-idiom");
const manifest = JSON.stringify({ name: "demo", version: "1.0.0" });

async function hits(code: string, lang = "python", above = "Example:"): Promise<string[]> {
  const root = writeTree({
    ".claude-plugin/plugin.json": manifest,
    "skills/s/SKILL.md": `---\nname: s\ndescription: d\n---\n\n${above}\n\n\`\`\`${lang}\n${code}\n\`\`\`\n`,
  });
  return (await findingsFor(root, rules)).map((f) => /"([^"]+)"/.exec(f.message)?.[1] ?? f.message);
}

describe("stale-idiom", () => {
  it.for([
    ["response.json()", "a requests/httpx response"],
    ["data = r.json()\nitems = resp.json()['items']", "several response objects"],
    ["payload = request.json", "an attribute, not a call"],
    ["user.model_dump()\nUser.model_validate(data)", "the v2 API"],
    ["d = dict(a=1)\nd.copy()", "the dict builtin"],
    ["class Config:\n    DEBUG = True", "a top-level application config class"],
    ["Session = async_sessionmaker(engine, class_=AsyncSession)", "the async factory"],
    ["Session = sessionmaker(bind=engine)", "a sync factory"],
    ["async def f(db: Annotated[Session, Depends(get_db)]): ...", "an Annotated dependency"],
    ["app = FastAPI(dependencies=[Depends(verify)])", "router-level dependencies"],
    ['app.add_middleware(CORSMiddleware, allow_origins=["*"])', "a wildcard without credentials"],
    [
      'app.add_middleware(CORSMiddleware, allow_origins=["*"])\nother(allow_credentials=True)',
      "credentials in another call",
    ],
    ['left = resp.headers.get("X-RateLimit-Remaining")', "reading a third-party header"],
    ['left = resp.headers["x-ratelimit-remaining"]', "reading a header by index"],
    ["now = datetime.now(UTC)  # not datetime.utcnow()", "an idiom named in a comment"],
    ["# Before:\nuser.dict()\n# After:\nuser.model_dump()", "a before/after pair"],
    ["@field_validator('name')\n@model_validator(mode='after')", "v2 decorators"],
  ])("does not flag %s (%s)", async ([code]) => {
    expect(await hits(code!)).toEqual([]);
  });

  it.for([
    ["user.dict()", ".dict()"],
    ["items = [e.dict() for e in errors]", ".dict()"],
    ["model.dict(exclude_unset=True)", ".dict()"],
    ["model.json(by_alias=True)", ".json(...)"],
    ["@validator('name')", "@validator"],
    ["    class Config:\n        extra = 'forbid'", "class Config:"],
    ["model_config = ConfigDict(orm_mode=True)", "orm_mode"],
    ["stamp = datetime.utcnow()", "datetime.utcnow"],
    ["created: datetime = field(default_factory=datetime.utcnow)", "datetime.utcnow"],
    ["async def f(\n    db: AsyncSession = Depends(get_db),\n): ...", "= Depends( as a parameter default"],
    ["def f(x: Optional[Dict[str, Any]] = Depends(g)): ...", "= Depends( as a parameter default"],
    [
      'app.add_middleware(\n    CORSMiddleware,\n    allow_credentials=True,\n    allow_origins=["*"],\n)',
      "allow_origins=['*'] with allow_credentials=True",
    ],
    ['response.headers["X-RateLimit-Limit"] = "100"', "X-RateLimit-"],
  ])("flags %s", async ([code, name]) => {
    expect(await hits(code!)).toEqual([name]);
  });

  it("applies Python idioms to Python only, package names everywhere", async () => {
    expect(await hits("datetime.utcnow()", "text")).toEqual([]);
    expect(await hits("pip install passlib", "bash")).toEqual(["passlib"]);
  });

  it("honours a legacy label in the two lines above the fence", async () => {
    expect(await hits("user.dict()", "python", "Legacy code, kept to show the migration:")).toEqual([]);
    expect(await hits("user.dict()", "python", "**Before:**")).toEqual([]);
    expect(await hits("user.dict()", "python", "Run this before deploying:")).toEqual([".dict()"]);
  });
});
