-- Headless Neovim against the eksnet language server (run by test/neovim/run.sh), using only
-- Neovim's built-in LSP client: open an aws-node manifest, wait for its diagnostics, ask for a
-- hover, and apply a quick fix. Works from Neovim 0.7 (Debian's package) on. Every check prints
-- "ok" or "not ok" on stdout; any failure ends Neovim with exit code 1.
local server = assert(os.getenv('EKSNET_SERVER'), 'EKSNET_SERVER is not set')
local file = assert(os.getenv('EKSNET_FILE'), 'EKSNET_FILE is not set')
local failures = 0

local function check(name, ok, detail)
  io.stdout:write((ok and 'ok - ' or 'not ok - ') .. name .. ((not ok and detail) and (': ' .. detail) or '') .. '\n')
  if not ok then failures = failures + 1 end
  return ok
end

local function finish()
  io.stdout:write(string.format('neovim: %d failed\n', failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end

local function line_of(bufnr, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(pattern) then return i - 1, l end
  end
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'eksnet',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  check('the server starts', client_id ~= nil)
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- Diagnostics: the manifest's "yes" for a boolean is aws-node-env-invalid, on that line.
  local yes_line = line_of(bufnr, 'value: "yes"')
  local function code(d)
    return tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  local function invalid()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if code(d) == 'aws-node-env-invalid' and d.lnum == yes_line then return d end
    end
  end
  local got = vim.wait(30000, function() return invalid() ~= nil end, 100)
  if not check('diagnostics arrive, with aws-node-env-invalid on value: "yes"', got, vim.inspect(vim.diagnostic.get(bufnr))) then return end
  local d = invalid()
  check('the diagnostic comes from eksnet and links its rule doc', d.source == 'eksnet' or (d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription ~= nil), vim.inspect(d))

  -- Hover on the variable's name above it.
  local name_line, text = line_of(bufnr, 'name: AWS_VPC_K8S_CNI_EXTERNALSNAT')
  local col = text:find('AWS_VPC_K8S_CNI_EXTERNALSNAT') + 2
  local hover = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = name_line, character = col },
  }, 10000, bufnr)
  local contents = hover and hover.result and hover.result.contents
  local markdown = type(contents) == 'table' and (contents.value or vim.inspect(contents)) or tostring(contents)
  check('hover on AWS_VPC_K8S_CNI_EXTERNALSNAT explains it', markdown:find('SNAT') ~= nil, markdown)

  -- Quick fix: the code action for the diagnostic's range, applied as a workspace edit.
  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }, 10000, bufnr)
  local fix
  for _, a in ipairs((actions and actions.result) or {}) do
    if a.title:find('true') and a.edit then fix = a end
  end
  if not check('a quick fix is offered', fix ~= nil, vim.inspect(actions)) then return end
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  local fixed = vim.api.nvim_buf_get_lines(bufnr, yes_line, yes_line + 1, false)[1]
  check('the quick fix writes "true" in place of "yes"', fixed:find('value: "true"') ~= nil, fixed)
  local cleared = vim.wait(30000, function() return invalid() == nil end, 100)
  check('the diagnostic goes away after the edit', cleared)
end

local ok, err = pcall(run)
if not ok then check('no Lua error', false, tostring(err)) end
finish()
